#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the x86 SHA extensions (and the SSSE3 and SSE4.1 they are used with).
int bvd_sha256_x86_available(void);

/// Runs SHA-256's compression function over `count` 64-byte blocks with the x86 SHA extensions.
/// `state` is the eight working words a..h; `k` the 64 round constants (the caller's table, so
/// that there is one). Call only where `bvd_sha256_x86_available()` said yes.
void bvd_sha256_x86_compress(uint32_t state[8], const uint8_t *blocks, size_t count, const uint32_t k[64]);

#endif
