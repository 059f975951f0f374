set title 'Decision to first GARP (kernel 6.1.0-50-amd64, 2026-11-25)'
set xlabel 'us (log)'
set ylabel 'fraction of trials'
set logscale x
set key bottom right
set grid
set yrange [0:1.02]
plot 'decision-cdf-6.1.0-0.dat' using 1:2 with steps lw 2 title 'vrrp.ko prio0-240', \
     'decision-cdf-6.1.0-1.dat' using 1:2 with steps lw 2 title 'vrrp.ko silent-10ms', \
     'decision-cdf-6.1.0-2.dat' using 1:2 with steps lw 2 title 'keepalived prio0-240', \
     'decision-cdf-6.1.0-3.dat' using 1:2 with steps lw 2 title 'keepalived silent-10ms'
