import "./zz-patch.js";
import "./round-trip.law.js";
