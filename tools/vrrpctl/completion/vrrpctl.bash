# SPDX-License-Identifier: GPL-2.0
# bash completion for vrrpctl(8). Instance and tracker names come from
# vrrpctl itself ("vrrpctl show names", "vrrpctl tracker show names", one a
# line), in the namespace given with -n.

_vrrpctl_keywords="dev vrid version prio advert vip vip-excluded preempt nopreempt preempt-delay accept noaccept group csum garp-count garp-interval garp-refresh garp-period garp-period-count track track-if fast-preempt nofast-preempt track-primary notrack-primary sync-group auth unicast-src peer unicast-ttl vmac novmac arbiter"

_vrrpctl_names() {
	vrrpctl "$@" show names 2>/dev/null
}

_vrrpctl_trackers() {
	vrrpctl "$@" tracker show names 2>/dev/null
}

_vrrpctl_devs() {
	if (($#)); then
		ip "$@" -o link show 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | sort
	else
		ls /sys/class/net 2>/dev/null
	fi
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
			-b | -batch | --batch)
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
	-b | -batch | --batch)
		((${#args[@]} == 0)) && mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	esac

	if ((${#args[@]} == 0)); then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "-j -p -n -b -V -h --json --pretty --netns --batch --version --help" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "instance tracker track weight show stats metrics monitor notify checks save apply load help" -- "$cur")
		fi
		return
	fi

	case ${args[0]} in
	show)
		# show [NAME] [secrets]
		if ((${#args[@]} == 1)); then
			mapfile -t COMPREPLY < <(compgen -W "$(_vrrpctl_names "${netns[@]}") secrets" -- "$cur")
		elif ((${#args[@]} == 2)) && [[ ${args[1]} != secrets ]]; then
			mapfile -t COMPREPLY < <(compgen -W "secrets" -- "$cur")
		fi
		return
		;;
	stats)
		((${#args[@]} == 1)) &&
			mapfile -t COMPREPLY < <(compgen -W "$(_vrrpctl_names "${netns[@]}")" -- "$cur")
		return
		;;
	metrics)
		# metrics [--output FILE]
		if [[ $prev == @(--output|-o) ]]; then
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		elif ((${#args[@]} == 1)); then
			mapfile -t COMPREPLY < <(compgen -W "--output" -- "$cur")
		fi
		return
		;;
	tracker)
		if ((${#args[@]} == 1)); then
			mapfile -t COMPREPLY < <(compgen -W "add set del show" -- "$cur")
		elif ((${#args[@]} == 2)) && [[ ${args[1]} == @(set|del|show) ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$(_vrrpctl_trackers "${netns[@]}")" -- "$cur")
		elif [[ ${args[1]} == add && $prev == init ]]; then
			mapfile -t COMPREPLY < <(compgen -W "ok fail unknown" -- "$cur")
		elif [[ ${args[1]} == @(add|set) && $prev != @(weight|fall|rise|timeout|init) ]]; then
			local -a tkw=()
			local kws="weight fall rise timeout"
			# the initial state is given at creation only
			[[ ${args[1]} == add ]] && kws+=" init"
			for w in $kws; do
				[[ " ${args[*]:3} " == *" $w "* ]] || tkw+=("$w")
			done
			mapfile -t COMPREPLY < <(compgen -W "${tkw[*]}" -- "$cur")
		fi
		return
		;;
	track)
		if ((${#args[@]} == 1)); then
			mapfile -t COMPREPLY < <(compgen -W "run $(_vrrpctl_trackers "${netns[@]}")" -- "$cur")
		elif [[ ${args[1]} == run ]]; then
			# track run NAME [--timeout TIME] [--quiet] -- CMD ...
			[[ " ${args[*]} " == *" -- "* || $prev == @(--timeout|-t) ]] && return
			if ((${#args[@]} == 2)); then
				mapfile -t COMPREPLY < <(compgen -W "$(_vrrpctl_trackers "${netns[@]}")" -- "$cur")
			else
				mapfile -t COMPREPLY < <(compgen -W "--timeout --quiet --" -- "$cur")
			fi
		elif ((${#args[@]} == 2)); then
			mapfile -t COMPREPLY < <(compgen -W "ok fail" -- "$cur")
		fi
		return
		;;
	weight)
		((${#args[@]} == 1)) &&
			mapfile -t COMPREPLY < <(compgen -W "$(_vrrpctl_trackers "${netns[@]}")" -- "$cur")
		return
		;;
	apply)
		# apply [--check] FILE
		if [[ $cur == -* ]]; then
			[[ " ${args[*]:1} " == *" --check "* ]] ||
				mapfile -t COMPREPLY < <(compgen -W "--check" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		return
		;;
	load)
		# load [--check] [--strict] [--skip-lvs] [--dir DIR] FILE
		if [[ $prev == --dir ]]; then
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		elif [[ $cur == -* ]]; then
			local -a lkw=()
			for w in --check --strict --skip-lvs --dir; do
				[[ " ${args[*]:1} " == *" $w "* ]] || lkw+=("$w")
			done
			mapfile -t COMPREPLY < <(compgen -W "${lkw[*]}" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		return
		;;
	notify)
		case $prev in
		-c | --config) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
		--timeout | -t) ;;
		*) mapfile -t COMPREPLY < <(compgen -W "-c --timeout --no-initial" -- "$cur") ;;
		esac
		return
		;;
	checks)
		# checks [-c FILE] [--once]
		case $prev in
		-c | --config) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
		*)
			local -a ckw=()
			for w in -c --once; do
				[[ " ${args[*]:1} " == *" $w "* ]] || ckw+=("$w")
			done
			mapfile -t COMPREPLY < <(compgen -W "${ckw[*]}" -- "$cur")
			;;
		esac
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
		if [[ ${args[1]} == show ]] && ((${#args[@]} == 3)) && [[ ${args[2]} != secrets ]]; then
			mapfile -t COMPREPLY < <(compgen -W "secrets" -- "$cur")
		fi
		[[ ${args[1]} == set ]] || return
		;;
	add)
		((${#args[@]} == 2)) && return	# a new name
		;;
	*) return ;;
	esac

	# instance add/set NAME ...: a keyword's value, or the next keyword
	local n=${#args[@]}
	# "auth pass SECRET": a password is not completed
	[[ $prev == pass && ${args[n - 2]} == auth ]] && return
	# "vip ADDR[/LEN]@IFNAME": the interface it goes on
	if [[ $cur == *@* ]]; then
		mapfile -t COMPREPLY < <(compgen -P "${cur%%@*}@" -W "$(_vrrpctl_devs "${netns[@]}")" \
			-- "${cur#*@}")
		return
	fi
	case $prev in
	dev | track-if)
		mapfile -t COMPREPLY < <(compgen -W "$(_vrrpctl_devs "${netns[@]}")" -- "$cur")
		return
		;;
	track)
		mapfile -t COMPREPLY < <(compgen -W "none $(_vrrpctl_trackers "${netns[@]}")" -- "$cur")
		return
		;;
	sync-group)
		mapfile -t COMPREPLY < <(compgen -W "none" -- "$cur")
		return
		;;
	csum)
		mapfile -t COMPREPLY < <(compgen -W "auto rfc pseudo" -- "$cur")
		return
		;;
	version)
		[[ ${args[1]} == add ]] && mapfile -t COMPREPLY < <(compgen -W "2 3" -- "$cur")
		return
		;;
	auth)
		mapfile -t COMPREPLY < <(compgen -W "none pass" -- "$cur")
		return
		;;
	unicast-src | peer | arbiter)
		mapfile -t COMPREPLY < <(compgen -W "none" -- "$cur")
		return
		;;
	vrid | prio | priority | advert | vip | preempt-delay | group | garp-count | garp-interval | garp-refresh | garp-period | garp-period-count | weight | unicast-ttl | min-ttl | max-ttl)
		return
		;;
	esac
	local -a kw=() sub=()
	# after "track NAME" or "track-if IFNAME" [weight W] [reverse], or
	# "peer ADDR" [min-ttl TTL] [max-ttl TTL]: those first
	local t=-1 j done=" "
	for ((j = 3; j < n; j++)); do
		[[ ${args[j]} == @(track|track-if|peer) ]] && t=$j
	done
	if ((t >= 0 && t + 1 < n)) && [[ ${args[t + 1]} != none ]]; then
		if [[ ${args[t]} == peer ]]; then
			sub=(min-ttl max-ttl)
		else
			sub=(weight reverse)
		fi
		for ((j = t + 2; j < n; j++)); do
			case ${args[j]} in
			weight | min-ttl | max-ttl) done+="${args[j]} " && ((j++)) ;;
			reverse) done+="reverse " ;;
			*) done=" ${sub[*]} " && break ;;
			esac
		done
		for w in "${sub[@]}"; do
			[[ $done == *" $w "* ]] || kw+=("$w")
		done
	fi
	for w in $_vrrpctl_keywords; do
		# each keyword once (vip, track, track-if and peer may repeat);
		# set cannot change dev, vrid and version
		[[ ${args[1]} == set && ($w == dev || $w == vrid || $w == version) ]] && continue
		local used=" ${args[*]:3} " other=${w#no}
		[[ $w == "$other" ]] && other=no$w
		[[ $w != @(vip|track|track-if|peer) && ($used == *" $w "* || $used == *" $other "*) ]] && continue
		kw+=("$w")
	done
	mapfile -t COMPREPLY < <(compgen -W "${kw[*]}" -- "$cur")
} && complete -F _vrrpctl vrrpctl
