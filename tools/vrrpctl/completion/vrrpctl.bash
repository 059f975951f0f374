# SPDX-License-Identifier: GPL-2.0
# bash completion for vrrpctl(8). Instance names come from vrrpctl itself
# ("vrrpctl show names", one a line), in the namespace given with -n.

_vrrpctl_keywords="dev vrid prio advert vip preempt nopreempt preempt-delay accept noaccept group csum garp-count garp-interval garp-refresh"

_vrrpctl_names() {
	vrrpctl "$@" show names 2>/dev/null
}

_vrrpctl() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local -a netns=() args=()
	local i w

	# Global options first, then the command and its arguments.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((${#args[@]} == 0)); then
			case $w in
			-n | -netns | --netns)
				netns=(-n "${COMP_WORDS[i + 1]}")
				((i++))
				continue
				;;
			-*) continue ;;
			esac
		fi
		args+=("$w")
	done

	case $prev in
	-n | -netns | --netns)
		mapfile -t COMPREPLY < <(compgen -W "$(ip netns list 2>/dev/null | awk '{print $1}')" -- "$cur")
		return
		;;
	esac

	if ((${#args[@]} == 0)); then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "-j -p -n -V -h --json --pretty --netns --version --help" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "instance show stats monitor help" -- "$cur")
		fi
		return
	fi

	case ${args[0]} in
	show | stats)
		((${#args[@]} == 1)) &&
			mapfile -t COMPREPLY < <(compgen -W "$(_vrrpctl_names "${netns[@]}")" -- "$cur")
		return
		;;
	instance) ;;
	*) return ;;
	esac

	if ((${#args[@]} == 1)); then
		mapfile -t COMPREPLY < <(compgen -W "add set del show" -- "$cur")
		return
	fi
	case ${args[1]} in
	set | del | show)
		if ((${#args[@]} == 2)); then
			mapfile -t COMPREPLY < <(compgen -W "$(_vrrpctl_names "${netns[@]}")" -- "$cur")
			return
		fi
		[[ ${args[1]} == set ]] || return
		;;
	add)
		((${#args[@]} == 2)) && return	# a new name
		;;
	*) return ;;
	esac

	# instance add/set NAME ...: a keyword's value, or the next keyword
	case $prev in
	dev)
		local devs
		if ((${#netns[@]})); then
			devs=$(ip "${netns[@]}" -o link show 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | sort)
		else
			devs=$(ls /sys/class/net 2>/dev/null)
		fi
		mapfile -t COMPREPLY < <(compgen -W "$devs" -- "$cur")
		return
		;;
	csum)
		mapfile -t COMPREPLY < <(compgen -W "rfc pseudo" -- "$cur")
		return
		;;
	vrid | prio | priority | advert | vip | preempt-delay | group | garp-count | garp-interval | garp-refresh)
		return
		;;
	esac
	local -a kw=()
	for w in $_vrrpctl_keywords; do
		# each keyword once (vip may repeat); set cannot change dev and vrid
		[[ ${args[1]} == set && ($w == dev || $w == vrid) ]] && continue
		local used=" ${args[*]:3} " other=${w#no}
		[[ $w == "$other" ]] && other=no$w
		[[ $w != vip && ($used == *" $w "* || $used == *" $other "*) ]] && continue
		kw+=("$w")
	done
	mapfile -t COMPREPLY < <(compgen -W "${kw[*]}" -- "$cur")
} && complete -F _vrrpctl vrrpctl
