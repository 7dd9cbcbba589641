import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/*
 * Leak tests: whether an object can be collected, or how much a kept one holds, without timing anything. vitest's workers
 * run without --expose-gc; the flag set at run time gives new contexts a `gc` function.
 */
setFlagsFromString("--expose-gc");
/** A full collection, as global.gc with --expose-gc. */
export const gc = runInNewContext("gc") as () => void;

/** Bytes of heap in use after a full collection. */
export function heapAfterCollection(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Bytes of array buffers in use after full collections. They are freed after the collection
 * that finds them unreachable, not during it: a few collections with a turn of the event loop.
 */
export async function arrayBuffersAfterCollection(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return process.memoryUsage().arrayBuffers;
}

/**
 * Calls make() and returns whether the object it returns was collected after its caller
 * dropped it: a FinalizationRegistry callback has run after full collections.
 */
export async function isCollected(make: () => object): Promise<boolean> {
  let collected = false;
  const registry = new FinalizationRegistry(() => (collected = true));
  registry.register(make(), "target");
  for (let i = 0; i < 10 && !collected; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return collected;
}
