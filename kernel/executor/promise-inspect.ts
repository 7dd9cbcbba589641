/** The own properties Node's async_hooks and AsyncLocalStorage put on every promise they track. */
const BOOKKEEPING = new Set(["async_id_symbol", "trigger_async_id_symbol", "kResourceStore"]);

/**
 * Makes a promise print as Node's REPL prints it, `Promise { 1 }`, in a cell's value and in
 * console.log. The sandbox routes output through AsyncLocalStorage, so Node tags every promise
 * with three enumerable symbol properties, and `console.log(Promise.resolve(1))` printed
 * `Promise { 1, [Symbol(async_id_symbol)]: 37, [Symbol(trigger_async_id_symbol)]: 34,
 * [Symbol(kResourceStore)]: 1 }`. A util.inspect.custom method on the realm's Promise.prototype
 * hides them (non-enumerable; they keep working) and returns the promise itself, which tells
 * util.inspect to format it as usual — so a tensor inside a promise still shows as a tensor.
 *
 * ```ts
 * hidePromiseBookkeeping(vm.runInContext("Promise.prototype", context)) // once per realm
 * ```
 */
export function hidePromiseBookkeeping(promisePrototype: object): void {
  Object.defineProperty(promisePrototype, Symbol.for("nodejs.util.inspect.custom"), {
    value: function inspectPromise(this: object): object {
      for (const key of Object.getOwnPropertySymbols(this)) {
        const d = Object.getOwnPropertyDescriptor(this, key);
        if (d?.enumerable && d.configurable && BOOKKEEPING.has(key.description ?? "")) Object.defineProperty(this, key, { enumerable: false });
      }
      return this;
    },
    configurable: true,
    writable: true,
    enumerable: false,
  });
}
