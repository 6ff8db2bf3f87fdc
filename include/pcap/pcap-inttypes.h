/*
 * pcap/pcap-inttypes.h - fixed-width integer types for the public
 * headers (wpcap). On Linux these come from <inttypes.h>.
 */
#ifndef pcap_pcap_inttypes_h
#define pcap_pcap_inttypes_h

#include <inttypes.h>

#endif /* pcap_pcap_inttypes_h */
