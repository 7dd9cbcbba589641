import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { Dual } from "../../src/forward/dual";
import { newTag } from "../../src/core/tags";
import { centralDiff, close, rng } from "../support/numeric";
import { checkBothModes } from "../support/modes";

/*
 * erf and erfc against CPython's math.erf and math.erfc (which call the C library's, correct
 * to an ulp or so), printed with repr by /usr/bin/python3; and their derivatives against the
 * closed forms erf′ = (2/√π)e^(−x²) = −erfc′, erf″ = −2x·erf′.
 */

/** [x, math.erf(x), math.erfc(x)] from CPython 3. */
const REFERENCE: [number, number, number][] = [
  [-27.5, -1.0, 2.0],
  [-6, -1.0, 2.0],
  [-3.3, -0.9999969422902035, 1.9999969422902035],
  [-1.7, -0.9837904585907745, 1.9837904585907746],
  [-0.9, -0.7969082124228322, 1.7969082124228322],
  [-0.49, -0.511668261188523, 1.511668261188523],
  [-0.3, -0.3286267594591274, 1.3286267594591274],
  [-1e-9, -1.1283791670955127e-9, 1.0000000011283792],
  [0, 0.0, 1.0],
  [1e-300, 1.1283791670955126e-300, 1.0],
  [0.2, 0.22270258921047847, 0.7772974107895215],
  [0.4999, 0.5204119951613866, 0.4795880048386134],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [0.75, 0.7111556336535151, 0.28884436634648486],
  [0.99, 0.8385080695553698, 0.1614919304446302],
  [1, 0.8427007929497149, 0.15729920705028513],
  [1.5, 0.9661051464753108, 0.033894853524689274],
  [2.2, 0.9981371537020182, 0.0018628462979818894],
  [3.7, 0.9999998328489421, 1.6715105790914596e-7],
  [5, 0.9999999999984626, 1.5374597944280351e-12],
  [6.5, 1.0, 3.8421483271206475e-20],
  [9, 1.0, 4.13703174651381e-37],
  [12, 1.0, 1.3562611692059042e-64],
  [15.3, 1.0, 7.976560125420699e-104],
  [20, 1.0, 5.3958656116079005e-176],
  [26, 1.0, 5.663192408856143e-296],
];

const slope = (x: number) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
const relative = (got: number, want: number) => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));

describe("erf and erfc: values", () => {
  it.each(REFERENCE)("at %s, to 1e-15 relative against the C library", (x, e, c) => {
    expect(relative(n.erf(x), e)).toBeLessThan(1e-15);
    expect(relative(n.erfc(x), c)).toBeLessThan(1e-15);
  });

  it("erfc keeps its digits for large x, where 1 − erf(x) is 0; erfc underflows to 0 past 27.3", () => {
    expect(1 - n.erf(10)).toBe(0);
    expect(relative(n.erfc(10), 2.088487583762545e-45)).toBeLessThan(1e-15);
    expect(n.erfc(27.2)).toBeGreaterThan(0);
    expect(n.erfc(30)).toBe(0);
    expect(n.erfc(-30)).toBe(2);
  });

  it("odd symmetry, erf + erfc = 1, and the points at infinity and NaN", () => {
    const r = rng(3);
    for (let k = 0; k < 200; k++) {
      const x = (r() - 0.5) * 12;
      expect(n.erf(-x)).toBe(-n.erf(x));
      close(n.erf(x) + n.erfc(x), 1, 4.5e-16);
      close(n.erfc(-x), 2 - n.erfc(x), 4.5e-16);
    }
    expect([n.erf(Infinity), n.erf(-Infinity), n.erfc(Infinity), n.erfc(-Infinity)]).toEqual([1, -1, 0, 2]);
    expect(Object.is(n.erf(-0), -0)).toBe(true);
    expect([n.erf(NaN), n.erfc(NaN)]).toEqual([NaN, NaN]);
  });

  it("the normal CDF Φ(x) = erfc(−x/√2)/2 agrees with its series at a point, and its tail keeps digits", () => {
    // Φ(1) from the series of erf, to ~1e-16: 0.8413447460685429 (CPython: 0.5 * math.erfc(-1 / math.sqrt(2))).
    close(n.erfc(-1 / Math.SQRT2) / 2, 0.8413447460685429, 1e-15);
    close(n.erfc(20 / Math.SQRT2) / 2, 2.7536241186063314e-89, 1e-14);
  });

  it("elementwise on tensors and arrays", () => {
    close((n.erf([[0.5, -2], [1, 0]]) as n.Tensor).toArray(), [[0.5204998778130465, -0.9953222650189527], [0.8427007929497149, 0]], 1e-15);
    close((n.erfc(n.tensor([1, 5])) as n.Tensor).toArray(), [0.15729920705028513, 1.5374597944280351e-12], 1e-15);
  });
});

describe("erf and erfc: derivatives", () => {
  const points = [-3.1, -0.7, 0, 0.3, 0.5, 1.2, 2.5, 6];

  it("forward and reverse mode give (2/√π)e^(−x²) and its negative; central differences agree", () => {
    for (const x of points) {
      close((n.erf(new Dual(x, 1, newTag())) as Dual).tangent, slope(x), 1e-15);
      close((n.erfc(new Dual(x, 1, newTag())) as Dual).tangent, -slope(x), 1e-15);
      close(n.grad((v: number) => n.erf(v))(x), slope(x), 1e-15);
      close(n.grad((v: number) => n.erfc(v))(x), -slope(x), 1e-15);
      close(n.derivative(n.erf)(x), centralDiff(n.erf, x), 1e-8);
      close(n.derivative(n.erfc)(x), centralDiff(n.erfc, x), 1e-8);
    }
  });

  it("second order: erf″ = −2x·erf′ forward over forward and forward over reverse", () => {
    for (const x of points) {
      close(n.derivative(n.erf, 2)(x), -2 * x * slope(x), 1e-14);
      close(n.jacfwd(n.grad((v: number) => n.erfc(v)))(x), 2 * x * slope(x), 1e-14);
    }
  });

  it("at large |x| the derivative underflows to 0 without NaN, erfc's tail has its relative slope", () => {
    for (const x of [30, -30, 1e300]) expect(n.derivative(n.erf)(x)).toBe(0);
    // d/dx ln erfc(x) = −(2/√π)e^(−x²)/erfc(x) ≈ −2x − 1/x + 1/x³; CPython gives −20.099024116734604 at 10.
    close(n.derivative(n.erfc)(10) / n.erfc(10), -20.099024116734604, 1e-14);
    close(n.derivative(n.erfc)(10) / n.erfc(10), -2 * 10 - 1 / 10 + 1 / 1000, 1e-5);
  });

  it("on tensors in both modes: jvp and vjp agree (dot test) and match central differences", () => {
    checkBothModes((t) => n.add(n.erf(t), n.mul(n.erfc(n.mul(2, t)), t)), n.tensor([[0.3, -1.4], [2.2, 0.05]]) as n.Tensor);
  });
});
