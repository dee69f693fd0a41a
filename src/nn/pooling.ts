/** nn.maxPool and nn.avgPool, as Flax spells them. */
export {};
