/*
 * The objects a cell reaches the session scope through where JavaScript's rules for
 * let/const need more than a property of a plain object.
 */

/** The realm's error constructors: errors a cell sees are its own (`e instanceof TypeError`). */
export interface Realm {
  TypeError: TypeErrorConstructor;
  ReferenceError: ReferenceErrorConstructor;
}

export interface ScopeGuards {
  /**
   * A write to a name that was a constant when the cell was compiled (`c = 2`): JavaScript's
   * TypeError while it still is one; a function of that cell writes it again once a later
   * cell declares it with let.
   */
  constGuard: object;
  /** A name used before its let/const/class in the same cell (`x; let x = 1`): JavaScript's ReferenceError. */
  tdzGuard: object;
  /** Where a top-level let, var, class or function stores its value: a writable property. */
  declareLet: object;
  /** Where a top-level const or import stores its value: a read-only property, so a function of an earlier cell that assigns it throws too. */
  declareConst: object;
}

/**
 * `constants` is kept as the declarations run: a name becomes a constant when its `const` is
 * reached, not when a cell that fails before it is compiled. `declared` collects every name
 * whose declaration ran (the caller clears it before a cell), so the declarations a failed
 * cell reached are known.
 */
export function scopeGuards(scope: Record<string, unknown>, constants: Set<string>, realm: Realm, declared: Set<string> = new Set()): ScopeGuards {
  const declare = (constant: boolean): object =>
    new Proxy(scope, {
      set: (_target, key, value) => {
        // defineProperty, not assignment: the name may be a read-only constant of an earlier cell.
        Object.defineProperty(scope, key, { value, writable: !constant, enumerable: true, configurable: true });
        if (typeof key === "string") {
          declared.add(key);
          if (constant) constants.add(key);
          else constants.delete(key);
        }
        return true;
      },
    });
  const beforeInitialization = (key: string | symbol): never => {
    throw new realm.ReferenceError(`Cannot access '${String(key)}' before initialization`);
  };
  return {
    constGuard: new Proxy(scope, {
      set: (_target, key, value) => {
        if (typeof key !== "string" || constants.has(key)) throw new realm.TypeError("Assignment to constant variable.");
        scope[key] = value;
        return true;
      },
    }),
    tdzGuard: new Proxy(scope, { get: (_t, key) => beforeInitialization(key), set: (_t, key) => beforeInitialization(key) }),
    declareLet: declare(false),
    declareConst: declare(true),
  };
}
