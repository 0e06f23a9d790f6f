/** The cache directory of the bundles (node_modules/.cache/tidings). */
export declare const CACHE_DIR: string;
/** Path of an up-to-date bundle of `entry` (relative to the project root), built when needed. */
export declare function bundled(entry: string, name: string): Promise<string>;
