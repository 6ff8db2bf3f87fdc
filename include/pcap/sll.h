/*
 * pcap/sll.h - the Linux "cooked" capture headers (wpcap).
 *
 * DLT_LINUX_SLL prefixes each packet with a 16-byte sll_header and
 * DLT_LINUX_SLL2 with a 20-byte sll2_header; all fields are big-endian.
 * Built by the capture source in src/capture/linux/ when a device has no
 * usable link-layer header (or for the "any" device).
 */
#ifndef lib_pcap_sll_h
#define lib_pcap_sll_h

#include <pcap/pcap-inttypes.h>

#define SLL_HDR_LEN	16		/* bytes in an sll_header */
#define SLL_ADDRLEN	8		/* bytes in the address field */

struct sll_header {
	uint16_t sll_pkttype;		/* LINUX_SLL_HOST ... LINUX_SLL_OUTGOING */
	uint16_t sll_hatype;		/* ARPHRD_ type of the device */
	uint16_t sll_halen;		/* bytes of sll_addr in use */
	uint8_t  sll_addr[SLL_ADDRLEN];	/* link-layer source address */
	uint16_t sll_protocol;		/* ethertype, or a LINUX_SLL_P_ value */
};

#define SLL2_HDR_LEN	20		/* bytes in an sll2_header */

struct sll2_header {
	uint16_t sll2_protocol;			/* ethertype, or a LINUX_SLL_P_ value */
	uint16_t sll2_reserved_mbz;		/* zero */
	uint32_t sll2_if_index;			/* interface index, from 1 */
	uint16_t sll2_hatype;			/* ARPHRD_ type of the device */
	uint8_t  sll2_pkttype;			/* LINUX_SLL_HOST ... LINUX_SLL_OUTGOING */
	uint8_t  sll2_halen;			/* bytes of sll2_addr in use */
	uint8_t  sll2_addr[SLL_ADDRLEN];	/* link-layer source address */
};

/* Packet types (the kernel's PACKET_* values). */
#define LINUX_SLL_HOST		0
#define LINUX_SLL_BROADCAST	1
#define LINUX_SLL_MULTICAST	2
#define LINUX_SLL_OTHERHOST	3
#define LINUX_SLL_OUTGOING	4

/* Protocol values that are not ethertypes (the kernel's ETH_P_* below 1536). */
#define LINUX_SLL_P_802_3	0x0001	/* Novell 802.3 without an 802.2 header */
#define LINUX_SLL_P_802_2	0x0004	/* 802.2 LLC frames */
#define LINUX_SLL_P_CAN		0x000C	/* SocketCAN classic CAN frames */
#define LINUX_SLL_P_CANFD	0x000D	/* SocketCAN CAN FD frames */

#endif /* lib_pcap_sll_h */
