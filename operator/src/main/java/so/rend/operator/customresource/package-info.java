/**
 * The three custom resources of group {@code rend.so}, version {@code v1alpha1}: spec, status and
 * their parts.
 */
package so.rend.operator.customresource;
