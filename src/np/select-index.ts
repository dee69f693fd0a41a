/** Indexing: takeAlongAxis, diagonal, diagIndices, select. */
export {};
