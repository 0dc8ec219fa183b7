" syntax/rbd.vim: highlighting for rbdc programs (*.rbd). Generic on purpose: the first word of a statement is the
" statement, whatever the schema table holds today, so new statements are highlighted without editing this file.
if exists('b:current_syntax')
  finish
endif

syntax case match

" A statement starts a line, or follows ';', '{' or '<'; its first word is the statement.
syntax match rbdStatement /\%(\%(^\|[;{<]\)\s*\)\@<=[a-z][a-z0-9-]*/
" `from vault` in a secret declaration reads as part of the statement.
syntax match rbdKeyword /\<from\s\+vault\>/
" Durations: 30s, 5m, 1h (one unit, as the language takes them); quantities and numbers: 80, 0.5, 100m, 512Mi. Both
" are numbers to the eye; `100m` is a quantity (the later match wins), so only s and h mark a duration for certain.
syntax match rbdDuration /\<\d\+[smh]\>/
syntax match rbdNumber /\<\d\+\%(\.\d\+\)\=\%([kMGTPE]i\=\|m\)\=\>/
" Paths start with '/' and run to a separator.
syntax match rbdPath +\%(^\|[ \t,]\)\zs/[^ \t;,{}<>#"]*+
syntax region rbdString start=/"/ skip=/\\./ end=/"/ oneline contains=rbdEscape
syntax match rbdEscape /\\\%(x\x\x\|[ntr\\"]\)/ contained
syntax match rbdBlock /[{}<>]/
syntax match rbdComment /#.*$/ contains=rbdTodo,@Spell
syntax keyword rbdTodo TODO FIXME XXX contained

highlight default link rbdStatement Statement
highlight default link rbdKeyword Keyword
highlight default link rbdNumber Number
highlight default link rbdDuration Number
highlight default link rbdPath Directory
highlight default link rbdString String
highlight default link rbdEscape SpecialChar
highlight default link rbdBlock Delimiter
highlight default link rbdComment Comment
highlight default link rbdTodo Todo

let b:current_syntax = 'rbd'
