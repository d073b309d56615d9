; Windows setup program of the station app (NSIS 3, Unicode).
;
;   makensis /DVERSION=0.1.0 installer\windows\station-app.nsi
;
; Installs the PyInstaller onedir build (dist\station-app\, made by `python dev.py package`) for all
; users under Program Files, with Start-menu and desktop shortcuts, pages in English and Hindi, an
; entry in "Apps and features", and an uninstaller. Station data lives in each officer's
; %LOCALAPPDATA%\station-app (or the folder given with --data-dir) and the key in Windows
; Credential Manager: neither setup nor the uninstaller ever touches them. Running a newer setup over
; an installed one replaces the program in place (same folder, same shortcuts); the app itself backs
; up and migrates the database at its next start.
;
; Defines (makensis /DNAME=VALUE):
;   VERSION       the app's version, e.g. 0.1.0 (default: 0.0.0)
;   PAYLOAD       the onedir build to pack (default: ..\..\dist\station-app, relative to this file)
;   OUTFILE       the setup program to write (default: ..\..\dist\station-app-setup-VERSION.exe)

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\..\dist\station-app"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\station-app-setup-${VERSION}.exe"
!endif

!define PRODUCT "Station App"
!define PRODUCT_HI "थाना ऐप"
!define PUBLISHER "State Police IT"
!define EXE "station-app.exe"
!define REG_APP "Software\StationApp"
!define REG_UNINSTALL "Software\Microsoft\Windows\CurrentVersion\Uninstall\StationApp"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
; An installed copy is upgraded where it is.
InstallDirRegKey HKLM "${REG_APP}" "InstallDir"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "0.0.0.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} setup"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Apache License 2.0"

!define MUI_ICON "..\..\resources\icons\station-app.ico"
!define MUI_UNICON "..\..\resources\icons\station-app.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
; Remember the language chosen, for the uninstaller.
!define MUI_LANGDLL_REGISTRY_ROOT "HKLM"
!define MUI_LANGDLL_REGISTRY_KEY "${REG_APP}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Hindi"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString RunNow ${LANG_ENGLISH} "Start ${PRODUCT} now"
LangString RunNow ${LANG_HINDI} "${PRODUCT_HI} अभी शुरू करें"
LangString Needs64 ${LANG_ENGLISH} "${PRODUCT} needs 64-bit Windows 10 or newer."
LangString Needs64 ${LANG_HINDI} "${PRODUCT_HI} के लिए 64-बिट Windows 10 या नया चाहिए।"
LangString CloseApp ${LANG_ENGLISH} "Close ${PRODUCT} on this computer (every officer signed in), then choose Retry."
LangString CloseApp ${LANG_HINDI} "इस कंप्यूटर पर ${PRODUCT_HI} बंद करें (हर साइन-इन अधिकारी का), फिर Retry चुनें।"
LangString Upgrading ${LANG_ENGLISH} "Replacing the installed version $0 in place. Station data is not touched."
LangString Upgrading ${LANG_HINDI} "स्थापित संस्करण $0 को उसी स्थान पर बदला जा रहा है। थाने का डेटा नहीं छुआ जाता।"
LangString DataKept ${LANG_ENGLISH} "Station data (%LOCALAPPDATA%\station-app of each officer) and the keys in Credential Manager are kept."
LangString DataKept ${LANG_HINDI} "थाने का डेटा (हर अधिकारी का %LOCALAPPDATA%\station-app) और Credential Manager की कुंजियाँ सुरक्षित रखी गई हैं।"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Needs64)"
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; The program's files are in use while the app runs: ask until it is closed.
!macro WaitUntilClosed
  retry:
  ClearErrors
  ${If} ${FileExists} "$INSTDIR\${EXE}"
    FileOpen $1 "$INSTDIR\${EXE}" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(CloseApp)" IDRETRY retry
      Abort
    ${EndIf}
    FileClose $1
  ${EndIf}
!macroend

Section "${PRODUCT}" SecMain
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  !insertmacro WaitUntilClosed
  ReadRegStr $0 HKLM "${REG_UNINSTALL}" "DisplayVersion"
  ${If} $0 != ""
    DetailPrint "$(Upgrading)"
    ; Upgrade in place: the old program's files go first, so that none of them outlives the version
    ; that shipped it (PyInstaller's file names change between builds). Only the program folder.
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\station-app.exe"
    Delete "$INSTDIR\station-app-cli.exe"
  ${EndIf}
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\Uninstall ${PRODUCT}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKLM "${REG_APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${REG_APP}" "Version" "${VERSION}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${REG_UNINSTALL}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${REG_UNINSTALL}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${REG_UNINSTALL}" "NoModify" 1
  WriteRegDWORD HKLM "${REG_UNINSTALL}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${REG_UNINSTALL}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  !insertmacro WaitUntilClosed
  ; The program folder only. Station data is each officer's %LOCALAPPDATA%\station-app (police
  ; records and their backups) and the key in Credential Manager: only a person may delete those.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\station-app.exe"
  Delete "$INSTDIR\station-app-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\Uninstall ${PRODUCT}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  DeleteRegKey HKLM "${REG_UNINSTALL}"
  DeleteRegKey HKLM "${REG_APP}"
  DetailPrint "$(DataKept)"
SectionEnd
