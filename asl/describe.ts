/** How messages name a state, in the builders, the static checks and the graph problems alike. */

/** `Task 'DownloadTicker'`: how errors name a state. */
export const describeState = (type: string, name: string): string => `${type} '${name}'`;
