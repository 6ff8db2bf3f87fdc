/*
 * pcap/funcattrs.h - attributes for functions declared in the public
 * headers (wpcap): export visibility, availability and deprecation.
 *
 * PCAP_API marks an exported function; the availability macros document
 * the libpcap release that introduced each call and expand to nothing.
 */
#ifndef lib_pcap_funcattrs_h
#define lib_pcap_funcattrs_h

#include <pcap/compiler-tests.h>

#if defined(BUILDING_PCAP) && PCAP_IS_AT_LEAST_GNUC_VERSION(3,4)
  #define PCAP_API_DEF	__attribute__((visibility("default")))
#else
  #define PCAP_API_DEF
#endif

#define PCAP_API	PCAP_API_DEF extern

#define PCAP_AVAILABLE_0_4
#define PCAP_AVAILABLE_0_5
#define PCAP_AVAILABLE_0_6
#define PCAP_AVAILABLE_0_7
#define PCAP_AVAILABLE_0_8
#define PCAP_AVAILABLE_0_9
#define PCAP_AVAILABLE_1_0
#define PCAP_AVAILABLE_1_1
#define PCAP_AVAILABLE_1_2
#define PCAP_AVAILABLE_1_3
#define PCAP_AVAILABLE_1_4
#define PCAP_AVAILABLE_1_5
#define PCAP_AVAILABLE_1_6
#define PCAP_AVAILABLE_1_7
#define PCAP_AVAILABLE_1_8
#define PCAP_AVAILABLE_1_9
#define PCAP_AVAILABLE_1_10
#define PCAP_AVAILABLE_1_11

#if PCAP_IS_AT_LEAST_GNUC_VERSION(2,5) || PCAP_IS_AT_LEAST_CLANG_VERSION(2,7)
  #define PCAP_NORETURN __attribute((noreturn))
  #define PCAP_NORETURN_DEF __attribute((noreturn))
#else
  #define PCAP_NORETURN
  #define PCAP_NORETURN_DEF
#endif

#if PCAP_IS_AT_LEAST_GNUC_VERSION(2,3) || PCAP_IS_AT_LEAST_CLANG_VERSION(2,1)
  #define PCAP_PRINTFLIKE(x,y) __attribute__((__format__(__printf__,x,y)))
#else
  #define PCAP_PRINTFLIKE(x,y)
#endif

#if PCAP_IS_AT_LEAST_GNUC_VERSION(4,5) || PCAP_IS_AT_LEAST_CLANG_VERSION(2,9)
  #define PCAP_DEPRECATED(msg)	__attribute__((deprecated(msg)))
#else
  #define PCAP_DEPRECATED(msg)
#endif

#if PCAP_IS_AT_LEAST_GNUC_VERSION(3,4)
  #define PCAP_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#else
  #define PCAP_WARN_UNUSED_RESULT
#endif


/* Marks a printf-style format parameter (an annotation only MSVC uses). */
#define PCAP_FORMAT_STRING(p) p

#endif /* lib_pcap_funcattrs_h */
