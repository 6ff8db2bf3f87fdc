/*
 * pcap/pcap-inttypes.h - integer types for the public headers (wpcap).
 *
 * The C99 fixed-width types come from <inttypes.h>. The headers also use
 * the BSD names u_char, u_short, u_int and u_long, which glibc's
 * <sys/types.h> only declares when its BSD/SVID extensions are on; under
 * strict ISO C (gcc -std=c99) we declare them from glibc's own __u_*
 * types, so pcap.h compiles in strict mode too (libpcap's does not).
 */
#ifndef pcap_pcap_inttypes_h
#define pcap_pcap_inttypes_h

#include <inttypes.h>
#include <sys/types.h>

#if defined(__GLIBC__) && !defined(__USE_MISC) && !defined(__u_char_defined)
typedef __u_char u_char;
typedef __u_short u_short;
typedef __u_int u_int;
typedef __u_long u_long;
#define __u_char_defined
#endif

#endif /* pcap_pcap_inttypes_h */
