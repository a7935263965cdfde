/**
 * A feature's typed `t` as a shared kind view sees it: only the keys that view reads, which every kind's
 * catalogue has (a feature's own `t`, typed by all its keys, is assignable to it).
 */
export type KindT<K extends string> = (key: K, vars?: Record<string, string | number>) => string;
