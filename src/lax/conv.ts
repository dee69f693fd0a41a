/** lax.convGeneralDilated, conv, convWithGeneralPadding and convTranspose. */
export {};
