/**
 * Pure model building: custom resources in, desired Kubernetes objects and decisions out. Nothing
 * here talks to a cluster, so every rule is unit-tested without one.
 */
package so.rend.operator.model;
