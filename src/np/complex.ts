/** Complex numbers: np.real, np.imag, np.conj, np.angle, np.complex. */
export {};
