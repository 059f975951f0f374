set title 'CPU of a router pair vs instances (kernel 6.12.95+deb12-amd64, 2026-11-25)'
set xlabel 'instances per router'
set ylabel 'CPU ms per s above idle (1000 = 1 vCPU)'
set logscale xy
set key top left
set grid
plot 'cpu-6.12.95+deb12-vrrp-10-0.dat' using 1:2 with linespoints lw 2 title 'vrrp.ko 10 ms', \
     'cpu-6.12.95+deb12-vrrp-10-1.dat' using 1:2 with linespoints lw 2 title 'vrrp.ko 10 ms + hog', \
     'cpu-6.12.95+deb12-vrrp-100-0.dat' using 1:2 with linespoints lw 2 title 'vrrp.ko 100 ms', \
     'cpu-6.12.95+deb12-vrrp-100-1.dat' using 1:2 with linespoints lw 2 title 'vrrp.ko 100 ms + hog', \
     'cpu-6.12.95+deb12-keepalived-10-0.dat' using 1:2 with linespoints lw 2 title 'keepalived 10 ms', \
     'cpu-6.12.95+deb12-keepalived-10-1.dat' using 1:2 with linespoints lw 2 title 'keepalived 10 ms + hog', \
     'cpu-6.12.95+deb12-keepalived-100-0.dat' using 1:2 with linespoints lw 2 title 'keepalived 100 ms', \
     'cpu-6.12.95+deb12-keepalived-100-1.dat' using 1:2 with linespoints lw 2 title 'keepalived 100 ms + hog'
