/*
 * pcap/vlan.h - the 802.1Q tag (wpcap).
 *
 * The 4 bytes the Linux capture source re-inserts after the MAC addresses
 * when the kernel stripped the tag into packet metadata.
 */
#ifndef lib_pcap_vlan_h
#define lib_pcap_vlan_h

#include <pcap/pcap-inttypes.h>

struct vlan_tag {
	uint16_t	vlan_tpid;		/* tag protocol, 0x8100 for 802.1Q */
	uint16_t	vlan_tci;		/* priority, DEI and VLAN ID */
};

#define VLAN_TAG_LEN	4

#endif /* lib_pcap_vlan_h */
