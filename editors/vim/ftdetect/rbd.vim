" ftdetect/rbd.vim: *.rbd files are rbdc programs.
autocmd BufRead,BufNewFile *.rbd setfiletype rbd
