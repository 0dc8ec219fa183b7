" ftplugin/rbd.vim: rbdc programs: comments, indentation, and :make running `rbdc check` into the quickfix list.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s comments=:#
setlocal expandtab shiftwidth=2 softtabstop=2
setlocal iskeyword+=-
" :make checks the current file. Errors and warnings become entries (types E and W); each `note:` line (the fix) is
" kept as an entry of its own (type I) at its location, so :cnext walks through the fixes too. The source excerpt
" under each diagnostic ('  2 | ...' and the caret line) is dropped.
setlocal makeprg=rbdc\ check\ --color=never\ %:S
setlocal errorformat=%E%f:%l:%c:\ error:\ %m,%W%f:%l:%c:\ warning:\ %m,%I%f:%l:%c:\ note:\ %m,%Inote:\ %m,%-G%.%#
let b:undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< iskeyword< makeprg< errorformat<'
