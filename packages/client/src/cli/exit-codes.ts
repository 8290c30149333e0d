/** Exit status of the CLI when everything worked. */
export const EXIT_OK = 0;
/** The push, add or delete failed (the gateway refused it, or could not be reached). */
export const EXIT_PUSH_FAILED = 1;
/** The command line was wrong: unknown flag, missing --job, bad label, unreadable file. */
export const EXIT_USAGE = 2;
