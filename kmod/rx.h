/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_RX_H
#define _VRRP_RX_H

#define VRRP_IPPROTO	112

int vrrp_rx_init(void);
void vrrp_rx_exit(void);

#endif /* _VRRP_RX_H */
