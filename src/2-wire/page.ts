/** The web page polls `progress:job:J` every 2 s (system.md, "What the web page does with the messages"). */
export const POLL_MS = 2000;
