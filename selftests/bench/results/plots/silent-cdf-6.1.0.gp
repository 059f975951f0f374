set title 'Silent master: GARP after the RFC floor (kernel 6.1.0-50-amd64, 2026-11-25)'
set xlabel 'us (log)'
set ylabel 'fraction of trials'
set logscale x
set key bottom right
set grid
set yrange [0:1.02]
plot 'silent-cdf-6.1.0-0.dat' using 1:2 with steps lw 2 title 'vrrp.ko 10ms', \
     'silent-cdf-6.1.0-1.dat' using 1:2 with steps lw 2 title 'vrrp.ko 100ms', \
     'silent-cdf-6.1.0-2.dat' using 1:2 with steps lw 2 title 'keepalived 10ms', \
     'silent-cdf-6.1.0-3.dat' using 1:2 with steps lw 2 title 'keepalived 100ms'
