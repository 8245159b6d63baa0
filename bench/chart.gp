# The benchmark's chart (bench/report.py runs it): ORT median / dlc median per
# model, one bar per thread count, drawn from 1.0 on a log scale (up: dlc's
# code is faster, down: ONNX Runtime is), with the value on each bar.
#   gnuplot -e "data='R.dat'; out='R.png'; ncols=3; heading='...'; ymin=0.0625; ymax=32; \
#               ytics_list='\"1/16\" 0.0625, ..., \"32\" 32'" bench/chart.gp
# R.dat: a header line (model, then one quoted title per thread count), then
# one line per model: its name and the ratios (NaN where a run failed).
set terminal pngcairo size 1200,600 font "sans,10" noenhanced
set output out
set title heading
set key autotitle columnheader outside top center horizontal
stats data using 0 nooutput  # the model count, before yrange (stats skips points outside it)
set logscale y 2
set yrange [ymin:ymax]
eval "set ytics (" . ytics_list . ")"
set ylabel "ORT time / dlc time (log scale; > 1: dlc faster)"
set grid ytics
set xtics rotate by -35 nomirror
set xtics scale 0
set xrange [-0.6:STATS_records - 0.4]
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black" front
n = ncols - 1
bw = 0.8 / n
# bar i of the model on line k is centred at x(k, i)
x(k, i) = k + (i - 2 - (n - 1) / 2.0) * bw
above(y) = y >= 1 ? y * 1.15 : y / 1.15
plot for [i=2:ncols] data using (x($0, i)):(column(i)):(x($0, i) - bw / 2):(x($0, i) + bw / 2):(1):(column(i)) \
         with boxxyerror fs solid 0.85 border -1, \
     for [i=2:ncols] data using (x($0, i)):(above(column(i))):(sprintf("%.2f", column(i))) \
         with labels font ",8" notitle, \
     data using 0:(NaN):xtic(1) notitle
