/** np.fft helpers (fftfreq, rfftfreq, fftshift, ifftshift). */
export {};
