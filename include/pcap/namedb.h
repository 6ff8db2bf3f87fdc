/*
 * pcap/namedb.h - host, network, port, protocol and Ethernet-name lookups (wpcap).
 *
 * Entry points: pcap_next_etherent, pcap_ether_hostton, pcap_ether_aton,
 * pcap_nametoaddr(info), pcap_nametonetaddr, pcap_nametoport(range),
 * pcap_nametoproto, pcap_nametoeproto, pcap_nametollc.
 * Implemented by src/core/namedb.cc behind src/abi/namedb_api.cc.
 */
#ifndef lib_pcap_namedb_h
#define lib_pcap_namedb_h

/* libpcap's namedb.h needs pcap.h included first; ours includes it itself. */
#include <pcap/pcap.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One line of an ethers(5) file: a MAC address and the host name it belongs to. */
struct pcap_etherent {
	u_char addr[6];
	char name[122];
};

#ifndef PCAP_ETHERS_FILE
#define PCAP_ETHERS_FILE "/etc/ethers"
#endif

/* Next entry of an ethers file, or NULL at end of file (static storage, per thread). */
PCAP_API struct	pcap_etherent *pcap_next_etherent(FILE *);

/* MAC address of a host named in /etc/ethers, malloc'd (6 bytes), or NULL. */
PCAP_API u_char *pcap_ether_hostton(const char*);

/* Parses "xx:xx:xx:xx:xx:xx" (or '.'/'-' separated) into a malloc'd 6-byte address. */
PCAP_API u_char *pcap_ether_aton(const char *);

PCAP_API
PCAP_DEPRECATED("this is not reentrant; use 'pcap_nametoaddrinfo' instead")
bpf_u_int32 **pcap_nametoaddr(const char *);

PCAP_API struct addrinfo *pcap_nametoaddrinfo(const char *);

/* Network number (host byte order) of a networks(5) name, or 0. */
PCAP_API bpf_u_int32 pcap_nametonetaddr(const char *);

/* Port and protocol (IPPROTO_TCP/UDP or PROTO_UNDEF for both) of a service name; 1 if found. */
PCAP_API int	pcap_nametoport(const char *, int *, int *);

/* "lo-hi" port ranges, numbers or service names; 1 if parsed. */
PCAP_API int	pcap_nametoportrange(const char *, int *, int *, int *);

/* IP protocol number of a protocols(5) name, or PROTO_UNDEF. */
PCAP_API int	pcap_nametoproto(const char *);

/* Ethertype of a name from eproto_db ("ip", "arp", ...), or PROTO_UNDEF. */
PCAP_API int	pcap_nametoeproto(const char *);

/* LLC SAP of "iso", "stp", "ipx" or "netbeui", or PROTO_UNDEF. */
PCAP_API int	pcap_nametollc(const char *);

/* Returned when a name is not known. */
#define PROTO_UNDEF		-1

#ifdef __cplusplus
}
#endif

#endif /* lib_pcap_namedb_h */
