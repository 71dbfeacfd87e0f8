"""Given names, for telling "John restarted the database" from "Kubernetes restarted the pod".

A capitalised word at the start of a clause is usually just the start of a sentence or a product name;
only a list of given names tells a person apart without guessing. The list is common given names across
the languages of the teams we expect, minus those that are also English words a sentence can start with
(Will, May, Mark, Grant, Drew, Miles, Ruby, Julia, Per ...). Extend or trim it in the configuration
(`postmortem.lint.language.person_names` / `not_person_names`).
"""

from __future__ import annotations

GIVEN_NAMES = frozenset(
    """
    aaron abdul abigail adam adrian ahmed aidan aiden alan albert alberto alejandro alex alexander alexandra
    alexis alfred ali alice alicia alison allison alvaro amanda amelia amir amit amy ana anders andre andrea
    andreas andrei andrew andy angela angelo anil anita ankit ann anna anne annika anthony anton antonio
    anuj arjun arne arthur arun ashley ashok astrid axel barbara barry beatriz ben benjamin bernard bernd
    beth bettina bianca birgit bjorn björn bob bobby boris brad bradley brandon brenda brian bruce bruno
    bryan caitlin camila camille carl carla carlos carmen carol caroline casper catherine cathy cecilia
    charles charlie charlotte chen chloe chris christian christina christine christopher claire clara
    claudia colin connor craig cristina daan dan dana daniel daniela danielle danny darren dave david
    debbie deborah deepak denise dennis derek diana diego dieter dimitri dirk dmitri dmitry dominic
    donald donna doug douglas dylan eduardo edward elena eli elias elijah elisa elisabeth elizabeth ella
    ellen emil emily emma enrique eric erik erika ethan eva evan fabian fatima federico felipe felix
    fernando filip finn fiona florian francesca francesco francisco frederik freja gabriel gabriela gary
    george georg gerald gerhard giovanni giulia giuseppe gonzalo gordon graham greg gregory gunnar gustav
    hamid hannah hans harald harry heather hector heidi heinz helen helena helga henrik henry hiroshi
    ian ida igor ilya ingrid irene isaac isabel isabella isabelle ivan jacob jakob james jamie jan jana
    jane janet janine jared jason javier jay jeff jeffrey jennifer jens jeremy jerry jesper jessica jesus
    jill jim jimmy joan joanna joao joe joel johan johann johannes john johnny jon jonas jonathan jordan
    jorge jose josef joseph josh joshua juan judith julian juliane julie julien julio justin kai kalle
    kamal karen karin karl kasper kate katharina katherine kathleen kathryn katie kelly ken kenji kenneth
    kevin kim kirsten klaus kristian kristina kumar kurt kyle lara lars laura lauren laurent lea leah lena
    leo leon leonardo lin linda lisa liam lloyd logan lorenzo louis louise luca lucas lucia luis luke
    lukas lydia mads magnus maja manuel marc marcel marco marcus margaret maria mariana marie marina mario
    marion marius markus marta martin martina mary mateo mathias matt matteo matthew matthias mattias
    maurice megan mehmet melanie melissa mette michael michaela michel michelle miguel mikael mike mikkel
    milan mohamed mohammed monica morten nadia nancy natalia natalie nathan nicholas nick nicolas nicole
    niels nikolai nils nina noah nora oleg olga oliver olivia omar oscar otto owen pablo paolo patricia
    patrick paul paula pedro peter petra philip philipp phillip pierre pietro piotr priya rachel rafael
    rahul raj rajesh ralf ramon randy rasmus raul rebecca reinhard renata rene rick ricardo richard riya
    robert roberto robin roger roland ronald rosa ross ruth ryan sabine sahil samantha samuel sandra
    sanjay santiago sara sarah sascha scott sean sebastian sergei sergey sergio seth shane shannon sharon
    simon simone sofia sofie sophia sophie soren søren stefan stefanie stephanie stephen steve steven
    sunil susan susanne sven svetlana tanja tanya teresa terry thomas thorsten tim timothy tina tobias
    todd tom tomas tomasz tommy tony torben travis ulrich ulrike uwe valentina vanessa vera veronica
    victor victoria vijay vincent viktor vivek walter wendy werner william wolfgang xavier yan yasmin
    yuki yusuf zach zachary zoe
    """.split()
)
