# completions/rbdc.bash: bash completion for rbdc (installed as bash-completion/completions/rbdc).
_rbdc() {
	local cur prev words cword
	_init_completion 2>/dev/null || { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
	case $prev in
	-o|--output) COMPREPLY=($(compgen -d -- "$cur")); [[ -z $cur ]] && COMPREPLY+=(-); return ;;
	-n|--namespace|--stdin-filename|--max-errors|--env) return ;;
	--color) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
	--diagnostics) COMPREPLY=($(compgen -W 'text json sarif' -- "$cur")); return ;;
	esac
	if [[ ${words[1]} == explain && $cword -eq 2 ]]; then
		COMPREPLY=($(compgen -W "$(rbdc explain 2>/dev/null | awk '/^[EW][0-9]/ { print $1 }')" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '-o --output -n --namespace --env --stdin-filename --max-errors -W --Werror -Wno- --check --color= --diagnostics= -h --help --version' -- "$cur"))
		[[ ${COMPREPLY[0]} == *[=-] ]] && compopt -o nospace 2>/dev/null
		return
	fi
	if [[ $cword -eq 1 ]]; then
		COMPREPLY=($(compgen -W 'check diff explain fmt graph lsp' -- "$cur"))
	fi
	# Programs, and directories on the way to them (diff's DIR too).
	COMPREPLY+=($(compgen -f -X '!*.rbd' -- "$cur") $(compgen -d -- "$cur"))
}
complete -F _rbdc rbdc
