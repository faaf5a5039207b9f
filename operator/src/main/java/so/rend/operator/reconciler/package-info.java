/** Reconcile I/O: each reconciler is a short sequence of named steps over the pure model. */
package so.rend.operator.reconciler;
