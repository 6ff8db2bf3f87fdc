/*
 * pcap-bpf.h - compatibility wrapper for pcap/bpf.h (wpcap).
 */
#include <pcap/bpf.h>
