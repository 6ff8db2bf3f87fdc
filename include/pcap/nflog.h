/*
 * pcap/nflog.h - the DLT_NFLOG record layout (wpcap).
 *
 * An NFLOG packet is an nflog_hdr followed by TLVs (nflog_tlv + value,
 * padded to 4 bytes). The header and TLV lengths/types are in host byte
 * order of the capturing machine; values inside TLVs are big-endian.
 */
#ifndef lib_pcap_nflog_h
#define lib_pcap_nflog_h

#include <pcap/pcap-inttypes.h>

typedef struct nflog_hdr {
	uint8_t		nflog_family;	/* AF_INET, AF_INET6, ... */
	uint8_t		nflog_version;	/* 0 */
	uint16_t	nflog_rid;	/* NFLOG group (resource ID), big-endian */
} nflog_hdr_t;

typedef struct nflog_tlv {
	uint16_t	tlv_length;	/* bytes, including this header */
	uint16_t	tlv_type;	/* NFULA_* */
} nflog_tlv_t;

/* Value of an NFULA_PACKET_HDR TLV. */
typedef struct nflog_packet_hdr {
	uint16_t	hw_protocol;	/* ethertype */
	uint8_t		hook;		/* netfilter hook number */
	uint8_t		pad;
} nflog_packet_hdr_t;

/* Value of an NFULA_HWADDR TLV. */
typedef struct nflog_hwaddr {
	uint16_t	hw_addrlen;
	uint16_t	pad;
	uint8_t		hw_addr[8];
} nflog_hwaddr_t;

/* Value of an NFULA_TIMESTAMP TLV. */
typedef struct nflog_timestamp {
	uint64_t	sec;
	uint64_t	usec;
} nflog_timestamp_t;

/* TLV types */
#define NFULA_PACKET_HDR		1	/* nflog_packet_hdr_t */
#define NFULA_MARK			2	/* skb mark */
#define NFULA_TIMESTAMP			3	/* nflog_timestamp_t */
#define NFULA_IFINDEX_INDEV		4	/* input interface (may be a bridge) */
#define NFULA_IFINDEX_OUTDEV		5	/* output interface (may be a bridge) */
#define NFULA_IFINDEX_PHYSINDEV		6	/* physical input interface */
#define NFULA_IFINDEX_PHYSOUTDEV	7	/* physical output interface */
#define NFULA_HWADDR			8	/* nflog_hwaddr_t */
#define NFULA_PAYLOAD			9	/* the packet */
#define NFULA_PREFIX			10	/* NUL-terminated log prefix */
#define NFULA_UID			11	/* UID of the owning socket */
#define NFULA_SEQ			12	/* sequence number on this socket */
#define NFULA_SEQ_GLOBAL		13	/* sequence number on all NFLOG sockets */
#define NFULA_GID			14	/* GID of the owning socket */
#define NFULA_HWTYPE			15	/* ARPHRD_ type of the device */
#define NFULA_HWHEADER			16	/* the MAC header */
#define NFULA_HWLEN			17	/* length of the MAC header */

#endif /* lib_pcap_nflog_h */
