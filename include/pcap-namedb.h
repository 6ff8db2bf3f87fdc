/*
 * pcap-namedb.h - compatibility wrapper for pcap/namedb.h (wpcap).
 */
#include <pcap/namedb.h>
