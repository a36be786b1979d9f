#ifndef BVD_CSYSTEMD_SHIM_H
#define BVD_CSYSTEMD_SHIM_H

#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc declares struct ucred only with _GNU_SOURCE; this is the same layout, for SO_PEERCRED. */
struct bvd_ucred {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

/* The calling thread's id, for per-thread scheduling priority: syscall() is variadic, which Swift
   cannot call, and glibc's gettid() is not visible to Swift. */
static inline pid_t bvd_gettid(void) { return (pid_t)syscall(SYS_gettid); }

/* Names the calling thread for top -H, ps -L and perf (at most 15 bytes): prctl() is variadic and
   pthread_setname_np() needs _GNU_SOURCE. */
static inline int bvd_set_thread_name(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }

#endif
