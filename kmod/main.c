// SPDX-License-Identifier: GPL-2.0
/*
 * vrrp.ko: RFC 9568 VRRPv3 in the kernel. Module init and exit, in strict
 * order: state before the paths that reach it, exit mirrors init.
 */

#include <linux/module.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "netns.h"
#include "rx.h"
#include "vmac.h"

struct workqueue_struct *vrrp_wq;

static int __init vrrp_init(void)
{
	int err;

	vrrp_wq = alloc_workqueue("vrrp", WQ_HIGHPRI, 0);
	if (!vrrp_wq)
		return -ENOMEM;
	err = vrrp_netns_init();
	if (err)
		goto err_destroy_wq;
	err = vrrp_rx_init();
	if (err)
		goto err_netns_exit;
	err = vrrp_genl_init();
	if (err)
		goto err_rx_exit;
	pr_info("VRRPv3 (RFC 9568) loaded\n");
	return 0;

err_rx_exit:
	vrrp_rx_exit();
err_netns_exit:
	vrrp_netns_exit();
err_destroy_wq:
	destroy_workqueue(vrrp_wq);
	return err;
}

static void __exit vrrp_exit(void)
{
	vrrp_genl_exit();
	vrrp_rx_exit();
	/* Instances end here: priority 0 out, VIPs removed. */
	vrrp_netns_exit();
	vrrp_vmac_exit();
	destroy_workqueue(vrrp_wq);
	rcu_barrier();
	pr_info("unloaded\n");
}

module_init(vrrp_init);
module_exit(vrrp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual Router Redundancy Protocol (RFC 9568, VRRPv3)");
MODULE_ALIAS_GENL_FAMILY(VRRP_GENL_NAME);
