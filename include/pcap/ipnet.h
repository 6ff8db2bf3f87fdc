/*
 * pcap/ipnet.h - constants of the Solaris ipnet pseudo-header (wpcap).
 *
 * DLT_IPNET packets carry Solaris's address-family numbers and a direction
 * flag; the filter compiler tests these values.
 */
#ifndef lib_pcap_ipnet_h
#define lib_pcap_ipnet_h

#define	IPH_AF_INET	2		/* Solaris AF_INET */
#define	IPH_AF_INET6	26		/* Solaris AF_INET6 */

#define	IPNET_OUTBOUND		1
#define	IPNET_INBOUND		2

#endif /* lib_pcap_ipnet_h */
