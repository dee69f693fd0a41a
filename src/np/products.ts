/** Products: inner, vdot, vecdot, matvec, vecmat, tensordot, cross, kron, trace. */
export {};
