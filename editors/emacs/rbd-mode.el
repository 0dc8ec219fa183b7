;;; rbd-mode.el --- Major mode for rbdc deployment programs -*- lexical-binding: t -*-

;; Highlighting is generic, like the Vim syntax and the TextMate grammar: the first word of a statement (at the start
;; of a line or after ; { <) is the statement, so statements added to the language need no change here.
;; `M-x compile' (or `flymake' through `compile') runs `rbdc check'; its FILE:LINE:COL lines, `note:' lines included,
;; are matched by the gnu entry of `compilation-error-regexp-alist', which treats notes as info.

;;; Code:

(defgroup rbd nil "The rbdc deployment language." :group 'languages)

(defcustom rbd-rbdc-program "rbdc" "The rbdc executable." :type 'string :group 'rbd)

(defcustom rbd-indent-offset 2 "Indentation of a block's statements." :type 'integer :group 'rbd)

(defvar rbd-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?- "_" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?{ "(}" table)
    (modify-syntax-entry ?} "){" table)
    (modify-syntax-entry ?< "(>" table)
    (modify-syntax-entry ?> ")<" table)
    table)
  "Syntax table of `rbd-mode'.
Comments start with #, strings are double-quoted, blocks are { } or < >.")

(defconst rbd-font-lock-keywords
  `(("\\(?:^\\|[;{<]\\)[ \t]*\\([a-z][a-z0-9-]*\\)" 1 font-lock-keyword-face)
    ("\\_<from[ \t]+vault\\_>" . font-lock-builtin-face)
    ("\\_<[0-9]+\\(?:\\.[0-9]+\\)?\\(?:[kMGTPE]i?\\|[smh]\\)?\\_>" . font-lock-constant-face)
    ("\\(?:^\\|[ \t,]\\)\\(/[^] \t\n;,{}<>#\"]*\\)" 1 font-lock-string-face))
  "Highlighting of `rbd-mode'.
Statements, `from vault', numbers, quantities, durations and paths.")

(defun rbd-indent-line ()
  "Indent the current line by the depth of the blocks around it."
  (interactive)
  (let ((depth (save-excursion
                 (back-to-indentation)
                 (let ((d (car (syntax-ppss))))
                   (if (looking-at "[}>]") (max 0 (1- d)) d)))))
    (if (<= (current-column) (current-indentation))
        (indent-line-to (* depth rbd-indent-offset))
      (save-excursion (indent-line-to (* depth rbd-indent-offset))))))

;;;###autoload
(define-derived-mode rbd-mode prog-mode "rbd"
  "Major mode for rbdc programs (*.rbd)."
  :syntax-table rbd-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local font-lock-defaults '(rbd-font-lock-keywords))
  (setq-local indent-line-function #'rbd-indent-line)
  (setq-local compile-command
              (concat rbd-rbdc-program " check --color=never "
                      (if buffer-file-name (shell-quote-argument (file-name-nondirectory buffer-file-name)) "-"))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.rbd\\'" . rbd-mode))

(provide 'rbd-mode)
;;; rbd-mode.el ends here
