#include "CSHA256.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int bvd_sha256_x86_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return ssse3 && sse41 && ((ebx >> 29) & 1);
}

// The instructions keep the working words in two registers, a b e f and c d g h (each written
// from its highest lane down); the message schedule is four words a register.
__attribute__((target("sha,sse4.1,ssse3")))
void bvd_sha256_x86_compress(uint32_t state[8], const uint8_t *blocks, size_t count, const uint32_t k[64]) {
    const __m128i bigEndian = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (; count > 0; count--, blocks += 64) {
        const __m128i abefBefore = abef, cdghBefore = cdgh;
        // w[i % 4]: the schedule's words 4i to 4i + 3, the last four groups kept.
        __m128i w[4];
        for (int i = 0; i < 16; i++) {
            __m128i words;
            if (i < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16 * i)), bigEndian);
            } else {
                const __m128i before4 = w[i % 4], before3 = w[(i + 1) % 4], before2 = w[(i + 2) % 4], before1 = w[(i + 3) % 4];
                words = _mm_sha256msg1_epu32(before4, before3);
                words = _mm_add_epi32(words, _mm_alignr_epi8(before1, before2, 4));
                words = _mm_sha256msg2_epu32(words, before1);
            }
            w[i % 4] = words;
            const __m128i scheduled = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&k[4 * i]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, scheduled);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(scheduled, 0x0E));
        }
        abef = _mm_add_epi32(abef, abefBefore);
        cdgh = _mm_add_epi32(cdgh, cdghBefore);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

int bvd_sha256_x86_available(void) { return 0; }

void bvd_sha256_x86_compress(uint32_t state[8], const uint8_t *blocks, size_t count, const uint32_t k[64]) {
    (void)state; (void)blocks; (void)count; (void)k;
}

#endif
