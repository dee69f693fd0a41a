/** Elementwise math beyond the basics: inverse and hyperbolic trig, arctan2, hypot, logaddexp, floorDivide, nanToNum, … */
export {};
