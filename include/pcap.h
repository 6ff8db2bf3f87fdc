/*
 * pcap.h - compatibility wrapper: the API lives in pcap/pcap.h (wpcap).
 */
#include <pcap/pcap.h>
