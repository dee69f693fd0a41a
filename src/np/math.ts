/** Elementwise math beyond the basics: inverse and hyperbolic trig, arctan2, hypot, logaddexp, floorDivide, nanToNum, … */
export * from "./math-trig.js";
export * from "./math-exp-log.js";
export * from "./math-division.js";
export * from "./math-float.js";
export * from "./math-aliases.js";
export * from "./math-unwrap.js";
