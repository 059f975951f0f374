set title 'Priority 0 to first GARP, 10 ms adverts (kernel 6.1.0-50-amd64, 2026-11-25)'
set xlabel 'us (log)'
set ylabel 'fraction of trials'
set logscale x
set key bottom right
set grid
set yrange [0:1.02]
plot 'prio0-cdf-6.1.0-0.dat' using 1:2 with steps lw 2 title 'vrrp.ko backup prio 240', \
     'prio0-cdf-6.1.0-1.dat' using 1:2 with steps lw 2 title 'vrrp.ko backup prio 200', \
     'prio0-cdf-6.1.0-2.dat' using 1:2 with steps lw 2 title 'keepalived backup prio 240', \
     'prio0-cdf-6.1.0-3.dat' using 1:2 with steps lw 2 title 'keepalived backup prio 200'
