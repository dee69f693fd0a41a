/** np.fft transforms (fft, ifft, rfft, irfft, hfft, their 2-d and n-d forms). */
export {};
