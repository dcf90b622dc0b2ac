export declare const isServiceSource: (rel: string) => boolean;
export declare function serviceSources(root: string): string[];
export declare function buildDigest(root: string, files?: string[]): string;
export declare function isUpToDate(root: string, dist: string, digest?: string): boolean;
export declare function hasBuild(dist: string): boolean;
export declare function recordBuild(dist: string, digest: string): void;
