/*
 * pcap/can_socketcan.h - the DLT_CAN_SOCKETCAN pseudo-header (wpcap).
 *
 * Eight bytes before each CAN / CAN FD payload: the CAN ID in network byte
 * order (the Linux capture source converts it from host order), payload
 * length and CAN FD flags.
 */
#ifndef lib_pcap_can_socketcan_h
#define lib_pcap_can_socketcan_h

#include <pcap/pcap-inttypes.h>

typedef struct {
	uint32_t can_id;
	uint8_t payload_length;
	uint8_t fd_flags;
	uint8_t reserved1;
	uint8_t reserved2;
} pcap_can_socketcan_hdr;

/* fd_flags bits */
#define CANFD_BRS   0x01 /* bit rate switch for the data phase */
#define CANFD_ESI   0x02 /* sender is error passive */
#define CANFD_FDF   0x04 /* the frame is a CAN FD frame */

#endif /* lib_pcap_can_socketcan_h */
