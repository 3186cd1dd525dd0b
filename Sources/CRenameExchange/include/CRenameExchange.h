#ifndef TRUSTPRESS_CRENAMEEXCHANGE_H
#define TRUSTPRESS_CRENAMEEXCHANGE_H

/// Atomically exchanges the folders (or files) at `a` and `b`: both must exist; afterwards each
/// path names what the other named. Linux `renameat2(2)` with `RENAME_EXCHANGE` (Swift's Glibc
/// module does not export it).
/// Returns 0, or -1 with errno set: EINVAL, ENOSYS or ENOTSUP/EOPNOTSUPP when the system or the
/// file system cannot exchange (every non-Linux system: ENOSYS), so the caller falls back to two renames.
int trustpress_rename_exchange(const char *a, const char *b);

#endif
