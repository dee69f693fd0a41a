/** More creation: fullLike, diag, tri, tril, triu, identity, indices, meshgrid, logspace, vander, window functions, … */
export {};
